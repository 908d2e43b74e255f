"""Live mode: edit a case file in the browser while its diagrams redraw (`socialmaps live CASE`).

`store` (the one file and its history), `drawer` (text -> changed diagrams), `completion`
(schema -> what to offer while typing), `app` (the Starlette application and its guard),
`server` (binding 127.0.0.1, the token, uvicorn).  The page is `static/`, served inline.
"""
