// Placeholder: the hash type lands with its family.
