"""Planning a visit with the solver: the translation to and from its one-minute timeline
(`to_solver`), a whole plan (`plan`), the CP-SAT settings (`solver_settings`), the advice when
time runs out (`solve_time`) and the judging of a hand move (`move_preview`). No database.
"""
