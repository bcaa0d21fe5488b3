"""Services: the operations coordinators perform, each taking the DB session first.

Those that change things also take the acting user and the clock, and only flush: the
request or job that called them commits once.
"""
