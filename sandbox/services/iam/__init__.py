"""The IAM service. ``operations`` registers every operation (the registry imports it on the
first IAM call); the package itself imports nothing, so that a module needing only
``common`` (STS does) does not load all of IAM (start-up time)."""
