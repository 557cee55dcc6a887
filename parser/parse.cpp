// owned by the parser suite; being written
