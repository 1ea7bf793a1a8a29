"""Flask-Admin views of the content admin, one module per page family."""
