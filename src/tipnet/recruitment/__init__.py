"""Prevention: screening job adverts and messages for deceptive recruitment (issue 16).

Text handling (languages, scripts, numbers and currencies), explainable red-flag rules with their
published sources, a character n-gram text model, a calibrated verdict, contacts and recruiter
clusters. Pure logic: files, the store and HTTP are the callers' business.
"""
