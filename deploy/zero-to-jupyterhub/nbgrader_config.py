# nbgrader's configuration for every user of the Zero to JupyterHub image (/etc/jupyter in the
# Dockerfile), as deploy/class-server writes it on one server. values.yaml mounts the exchange
# at this path.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "foundations-of-deep-learning"
c.Exchange.root = "/srv/nbgrader/exchange"
