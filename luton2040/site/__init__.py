"""The site room: what becomes markup, pictures and files (tables as markdown, badges, charts, pages, downloads); imports compute and data."""
