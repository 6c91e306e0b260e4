"""Infrastructure every other package may use: configuration, database, queue, clock, crypto."""
