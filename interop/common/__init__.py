"""Partner-peer code shared by the aiortc and GStreamer drivers."""
