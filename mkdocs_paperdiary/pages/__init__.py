"""What the site shows: the diary, topics, stats, map and related views, JSON and exports."""
