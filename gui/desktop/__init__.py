"""The Qt layer: the main window, its worker thread and dialogs. The core lives in gui.bitrix."""
