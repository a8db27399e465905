"""The Qt-free core: entity references, webhook URLs, rate limiting, the REST client and bulk
lookups. Nothing in this package imports Qt, so the command line and the tests use it whole."""
