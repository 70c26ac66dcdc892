"""Socket.IO namespaces. Handlers are thin: they authenticate, check permission through
app.permissions, call the same services as the HTTP views, commit, then emit."""
