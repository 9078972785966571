bind = "0.0.0.0:8000"
workers = 8
timeout = 30
accesslog = "-"
