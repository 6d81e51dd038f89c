"""Built-in task files (YAML): the question, the allowed answers, the French prompt and the keyword rules.

A package (not a plain folder) so that the files ship with the wheel as package data.
"""
