"""The JSON API mechanism: the /api/v1 blueprint, how bodies are declared and parsed, the write path with its
version check, and the OpenAPI document built from the routes. Each domain adds its endpoints in its api.py."""
