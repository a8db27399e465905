"""What lives on disk, Qt-free: paths, settings, secrets, history, journals, user files, logs."""
