"""The coordinator's side of availability: asking for it, the session heatmap, and the case
tracking list with reserves."""
