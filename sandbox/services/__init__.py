"""The simulated AWS services: AWS-shaped operations over the world, behind the gateway."""
