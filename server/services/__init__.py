"""Business operations: the one place each rule lives."""
