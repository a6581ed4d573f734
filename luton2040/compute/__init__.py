"""The compute room: pure derivations from the loaded data (trend, status, tables as records, claims, words); imports data, never site."""
