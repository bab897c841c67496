// replaced by the implementation files
