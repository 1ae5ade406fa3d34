"""English formats: dates the European way (31 March 2027, 17:00)."""
