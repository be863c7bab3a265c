"""Reading markdown text: the one scanner for code blocks, headings and links; escaping; markers."""
