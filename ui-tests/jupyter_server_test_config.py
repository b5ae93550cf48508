"""JupyterLab as Galata starts it: port 8888, no token, a throwaway root, root allowed."""

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)

c.ServerApp.allow_root = True
c.LabApp.expose_app_in_browser = True
