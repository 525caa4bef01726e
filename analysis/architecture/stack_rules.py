"""What identifies each part of the stack, and which of the article's four layers it belongs to.

The article's target architecture: Django keeps the stable business logic (core system), FastAPI
hosts the new async AI endpoints (AI services), Redis or RabbitMQ carry events between them
(communication), PostgreSQL and data pipelines hold state (data). Deployment artefacts
(Dockerfile, docker-compose, Kubernetes) belong to no layer and are listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CORE = "core system"
AI = "AI services"
COMMUNICATION = "communication"
DATA = "data"
DEPLOYMENT = "deployment"
LAYERS = (CORE, AI, COMMUNICATION, DATA)


@dataclass(frozen=True)
class StackRule:
    name: str
    layer: str
    role: str  # what the item is within its layer: framework, async, ai, broker, queue, ...
    packages: frozenset[str] = frozenset()  # canonical distribution names
    package_prefixes: tuple[str, ...] = ()
    imports: frozenset[str] = frozenset()  # top-level module names
    import_prefixes: tuple[str, ...] = ()
    apps: frozenset[str] = frozenset()  # INSTALLED_APPS entries (first segment or whole)
    schemes: frozenset[str] = frozenset()  # URL schemes in settings and code
    backends: tuple[str, ...] = ()  # Django ENGINE / cache BACKEND path prefixes
    images: frozenset[str] = frozenset()  # container image names (without tag)
    commands: tuple[str, ...] = ()  # words in a compose service command


def _rule(name: str, layer: str, role: str, **kwargs: Any) -> StackRule:
    """A rule whose sets of names are given as set literals (kept as frozensets)."""
    fields: dict[str, Any] = {
        k: frozenset(v) if isinstance(v, set) else v for k, v in kwargs.items()
    }
    return StackRule(name, layer, role, **fields)


RULES: tuple[StackRule, ...] = (
    _rule("Django", CORE, "framework", packages={"django"}, imports={"django"}),
    _rule(
        "Django REST framework",
        CORE,
        "api",
        packages={"djangorestframework"},
        imports={"rest_framework"},
        apps={"rest_framework"},
    ),
    _rule("Flask", CORE, "framework", packages={"flask"}, imports={"flask"}),
    _rule(
        "GraphQL",
        CORE,
        "api",
        packages={
            "graphene",
            "graphene-django",
            "strawberry-graphql",
            "ariadne",
            "strawberry-graphql-django",
            "graphql-core",
        },
        imports={
            "graphene",
            "graphene_django",
            "strawberry",
            "strawberry_django",
            "ariadne",
            "graphql",
        },
        apps={"graphene_django", "strawberry_django"},
    ),
    _rule("FastAPI", AI, "async", packages={"fastapi"}, imports={"fastapi"}),
    _rule("Starlette", AI, "async", packages={"starlette"}, imports={"starlette"}),
    _rule("PyTorch", AI, "ai", packages={"torch"}, imports={"torch"}),
    _rule(
        "TensorFlow",
        AI,
        "ai",
        packages={"tensorflow", "tensorflow-cpu", "tf-keras"},
        imports={"tensorflow"},
    ),
    _rule(
        "Hugging Face Transformers", AI, "ai", packages={"transformers"}, imports={"transformers"}
    ),
    _rule("scikit-learn", AI, "ai", packages={"scikit-learn"}, imports={"sklearn"}),
    _rule("OpenAI SDK", AI, "ai", packages={"openai"}, imports={"openai"}),
    _rule("Anthropic SDK", AI, "ai", packages={"anthropic"}, imports={"anthropic"}),
    _rule("LangChain", AI, "ai", package_prefixes=("langchain",), import_prefixes=("langchain",)),
    _rule(
        "LlamaIndex", AI, "ai", package_prefixes=("llama-index",), import_prefixes=("llama_index",)
    ),
    _rule(
        "Celery",
        COMMUNICATION,
        "queue",
        packages={"celery", "django-celery-beat", "django-celery-results"},
        imports={"celery"},
        apps={"django_celery_beat", "django_celery_results"},
        commands=("celery",),
    ),
    _rule(
        "RQ",
        COMMUNICATION,
        "queue",
        packages={"rq", "django-rq", "flask-rq2"},
        imports={"rq", "django_rq"},
        apps={"django_rq"},
        commands=("rq worker", "rqworker"),
    ),
    _rule(
        "Dramatiq",
        COMMUNICATION,
        "queue",
        packages={"dramatiq", "django-dramatiq"},
        imports={"dramatiq"},
        apps={"django_dramatiq"},
        commands=("dramatiq",),
    ),
    _rule(
        "Redis",
        COMMUNICATION,
        "broker",
        packages={"redis", "django-redis", "hiredis", "aioredis", "channels-redis"},
        imports={"redis", "aioredis", "django_redis"},
        schemes={"redis", "rediss"},
        backends=("django_redis.", "django.core.cache.backends.redis"),
        images={"redis", "bitnami/redis", "valkey/valkey", "redis/redis-stack"},
    ),
    _rule(
        "RabbitMQ",
        COMMUNICATION,
        "broker",
        packages={"pika", "kombu", "amqp", "aio-pika", "aiormq", "librabbitmq"},
        imports={"pika", "kombu", "amqp", "aio_pika", "aiormq"},
        schemes={"amqp", "amqps", "pyamqp"},
        images={"rabbitmq", "bitnami/rabbitmq"},
    ),
    _rule(
        "Kafka",
        COMMUNICATION,
        "broker",
        packages={
            "kafka-python",
            "kafka-python-ng",
            "confluent-kafka",
            "aiokafka",
            "faust",
            "faust-streaming",
        },
        imports={"kafka", "confluent_kafka", "aiokafka", "faust"},
        schemes={"kafka"},
        images={"confluentinc/cp-kafka", "bitnami/kafka", "apache/kafka", "wurstmeister/kafka"},
    ),
    _rule(
        "PostgreSQL",
        DATA,
        "server",
        packages={"psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "asyncpg", "pg8000"},
        imports={"psycopg", "psycopg2", "asyncpg", "pg8000"},
        schemes={"postgres", "postgresql"},
        backends=("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"),
        images={"postgres", "postgis/postgis", "bitnami/postgresql", "timescale/timescaledb"},
    ),
    _rule(
        "MySQL",
        DATA,
        "server",
        packages={"mysqlclient", "pymysql", "mysql-connector-python", "aiomysql", "asyncmy"},
        imports={"MySQLdb", "pymysql", "mysql", "aiomysql", "asyncmy"},
        schemes={"mysql", "mariadb"},
        backends=("django.db.backends.mysql",),
        images={"mysql", "mariadb", "bitnami/mysql"},
    ),
    _rule(
        "SQLite",
        DATA,
        "file",
        packages={"aiosqlite"},
        imports={"sqlite3", "aiosqlite"},
        schemes={"sqlite"},
        backends=("django.db.backends.sqlite3",),
    ),
    _rule(
        "SQLAlchemy",
        DATA,
        "orm",
        packages={"sqlalchemy", "flask-sqlalchemy", "sqlmodel"},
        imports={"sqlalchemy", "flask_sqlalchemy", "sqlmodel"},
    ),
)

DOCKERFILE = "Dockerfile"
COMPOSE = "docker-compose services"
KUBERNETES = "Kubernetes manifests"
DEPLOYMENT_ITEMS = (DOCKERFILE, COMPOSE, KUBERNETES)


def image_name(image: str) -> str:
    """``docker.io/library/postgres:16-alpine`` -> ``postgres``; ``bitnami/redis:7`` -> same."""
    image = image.split("@", 1)[0]
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        image = image.rsplit(":", 1)[0]
    parts = image.lower().split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]  # a registry host
    if parts and parts[0] == "library":
        parts = parts[1:]
    return "/".join(parts)
