"""Watchlist screening: lists (FollowTheMoney, CSV, the store), candidate index, single and batch screening."""
