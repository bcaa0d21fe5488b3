"""Change requests: the assessors' new sessions and swaps, previewed and accepted; relaxations."""
