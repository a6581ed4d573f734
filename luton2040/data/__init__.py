"""The data room: reading and checking the inputs (data/, partners/, edition files); imports neither compute nor site."""
