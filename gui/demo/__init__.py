"""The emulated Bitrix24 portal: the demo mode's data and the tests' real HTTP server."""
