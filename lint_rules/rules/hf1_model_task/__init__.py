"""HF1xx: the Auto class, pipeline task and pre-processor must fit the model and the task."""
