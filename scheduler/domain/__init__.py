"""The visit as the coordinator sees it, and the pure computations on it (no database, no clock).

The dataclasses of `model.py` are the package's own names, so `domain.Visit` and
`from scheduler.domain import Visit` read as they always have. Beside them: clock times
(`clocktime`), views of a timetable (`views`, `timetable_text`, `heatmap`, `compare`), what each
audience may see (`privacy`), what an edit changed (`visit_changes`), the availability grid and
its confirmation email, and the hashes of passwords and link tokens (`credentials`).
"""

from scheduler.domain.model import (
    LEVELS as LEVELS,
)
from scheduler.domain.model import (
    PERSON_KINDS as PERSON_KINDS,
)
from scheduler.domain.model import (
    PRIORITIES as PRIORITIES,
)
from scheduler.domain.model import (
    SESSION_KINDS as SESSION_KINDS,
)
from scheduler.domain.model import (
    SESSION_MODES as SESSION_MODES,
)
from scheduler.domain.model import (
    STATUSES as STATUSES,
)
from scheduler.domain.model import (
    Assessor as Assessor,
)
from scheduler.domain.model import (
    AssessorNeed as AssessorNeed,
)
from scheduler.domain.model import (
    Interval as Interval,
)
from scheduler.domain.model import (
    Lunch as Lunch,
)
from scheduler.domain.model import (
    Person as Person,
)
from scheduler.domain.model import (
    Pin as Pin,
)
from scheduler.domain.model import (
    PlacedSession as PlacedSession,
)
from scheduler.domain.model import (
    Room as Room,
)
from scheduler.domain.model import (
    Session as Session,
)
from scheduler.domain.model import (
    Site as Site,
)
from scheduler.domain.model import (
    Team as Team,
)
from scheduler.domain.model import (
    Timetable as Timetable,
)
from scheduler.domain.model import (
    Travel as Travel,
)
from scheduler.domain.model import (
    UnscheduledSession as UnscheduledSession,
)
from scheduler.domain.model import (
    Visit as Visit,
)
