"""Messages from a widget's page, delivered the way the kernel delivers them: through ipywidgets' own comm handler
(``Widget._handle_msg(msg)``), so a test exercises the route a real front end takes (an "update" of traits, or a
"custom" message that reaches the callbacks registered with ``on_msg``)."""


def _deliver(w, data, buffers=()):
    w._handle_msg({"content": {"comm_id": getattr(w, "model_id", ""), "data": data}, "buffers": list(buffers)})


def page_message(w, content, buffers=()):
    """A custom message (what ``model.send(content)`` in the view sends)."""
    _deliver(w, {"method": "custom", "content": content}, buffers)


def page_update(w, **state):
    """A trait update (what ``model.set(...); model.save_changes()`` in the view sends)."""
    _deliver(w, {"method": "update", "state": state, "buffer_paths": []})
