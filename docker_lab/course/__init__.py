"""The course: lesson and exercise models, loading, validation, import (no Textual)."""
