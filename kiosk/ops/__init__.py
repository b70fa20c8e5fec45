"""Operations: start-up checks and `langso doctor`."""
