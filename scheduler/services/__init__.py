"""The operations coordinators, staff and jobs perform on a stored visit.

Each takes the database session first; each that changes something also takes the acting user
and the clock (`now`), and only flushes: the request or job that called it commits once, so a
refusal (`ServiceError`) leaves nothing half-made. Two helpers sit beside the operations that use
them: `roles` (the permission table every service and page checks) and `availability_origin`
(where a stored visit's availability came from). What needs neither session nor actor lives
elsewhere: pure computations on a visit or timetable in `scheduler.domain`, file formats in
`scheduler.files`, the solver's view of a visit in `scheduler.planning`.
"""
