"""Stack detection: every item from its own small repository, with the kind of its evidence,
and the article's four layers as present / partial / missing."""

from __future__ import annotations

import pytest
from readiness_repos import assess_in_process

from analysis.architecture.stack import mask

SETTINGS = "mysite/settings.py"

ITEMS = {
    "Django": (
        {
            "manage.py": "x = 1\n",
            "requirements.txt": "Django==5.0\n",
            "app.py": "from django.db import models\n",
        },
        {"dependency", "import", "config"},
    ),
    "Django REST framework": (
        {
            SETTINGS: "INSTALLED_APPS = ['rest_framework']\n",
            "api.py": "from rest_framework import viewsets\n",
        },
        {"settings", "import"},
    ),
    "Flask": (
        {"app.py": "from flask import Flask\n", "requirements.txt": "flask\n"},
        {"import", "dependency"},
    ),
    "FastAPI": ({"main.py": "from fastapi import FastAPI\n"}, {"import"}),
    "Starlette": (
        {"pyproject.toml": '[project]\nname="x"\ndependencies=["starlette"]\n'},
        {"dependency"},
    ),
    "Celery": (
        {
            "docker-compose.yml": "services:\n  worker:\n    build: .\n"
            "    command: celery -A proj worker\n",
            "tasks.py": "from celery import shared_task\n",
        },
        {"config", "import"},
    ),
    "RQ": ({"jobs.py": "from rq import Queue\n"}, {"import"}),
    "Dramatiq": ({"requirements.txt": "dramatiq[redis]\n"}, {"dependency"}),
    "Redis": (
        {
            SETTINGS: "CACHES = {'default': {'BACKEND': "
            "'django.core.cache.backends.redis.RedisCache', 'LOCATION': 'redis://cache:6379'}}\n"
        },
        {"settings"},
    ),
    "RabbitMQ": (
        {
            ".env.example": "BROKER_URL=amqp://guest:guest@rabbit:5672//\n",
            "bus.py": "import pika\n",
        },
        {"settings", "import"},
    ),
    "Kafka": (
        {
            "docker-compose.yml": "services:\n  kafka:\n    image: bitnami/kafka:3.7\n",
            "stream.py": "from confluent_kafka import Producer\n",
        },
        {"config", "import"},
    ),
    "PostgreSQL": (
        {SETTINGS: "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n"},
        {"settings"},
    ),
    "MySQL": ({"db.py": "URL = 'mysql+pymysql://u:p@db/app'\n"}, {"settings"}),
    "SQLite": ({"store.py": "import sqlite3\n"}, {"import"}),
    "SQLAlchemy": ({"models.py": "from sqlalchemy.orm import DeclarativeBase\n"}, {"import"}),
    "GraphQL": ({"schema.py": "import strawberry\n"}, {"import"}),
    "PyTorch": ({"requirements.txt": "torch==2.3.0\n"}, {"dependency"}),
    "TensorFlow": ({"train.py": "import tensorflow as tf\n"}, {"import"}),
    "Hugging Face Transformers": ({"nlp.py": "from transformers import pipeline\n"}, {"import"}),
    "scikit-learn": (
        {
            "fit.py": "from sklearn.linear_model import LinearRegression\n",
            "requirements.txt": "scikit-learn\n",
        },
        {"import", "dependency"},
    ),
    "OpenAI SDK": ({"llm.py": "from openai import OpenAI\n"}, {"import"}),
    "Anthropic SDK": ({"llm.py": "import anthropic\n"}, {"import"}),
    "LangChain": (
        {
            "chain.py": "from langchain_core.prompts import ChatPromptTemplate\n",
            "requirements.txt": "langchain-openai\n",
        },
        {"import", "dependency"},
    ),
    "LlamaIndex": ({"rag.py": "from llama_index.core import VectorStoreIndex\n"}, {"import"}),
    "Dockerfile": ({"docker/Dockerfile": "FROM python:3.12\n"}, {"config"}),
    "docker-compose services": ({"compose.yaml": "services:\n  web:\n    build: .\n"}, {"config"}),
    "Kubernetes manifests": (
        {
            "deploy/app.yaml": "apiVersion: apps/v1\nkind: Deployment\n"
            "spec:\n  template:\n    spec:\n      containers:\n"
            "        - image: redis:7\n",
            "chart/templates/svc.yaml": "apiVersion: v1\nkind: Service\n"
            "metadata:\n  name: {{ .Release.Name }}\n",
        },
        {"config"},
    ),
}


def _assess(git_repo, files):
    for path, text in files.items():
        git_repo.write(path, text)
    git_repo.commit()
    return assess_in_process(git_repo)[1]


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_each_stack_item_with_its_evidence(git_repo, name):
    files, kinds = ITEMS[name]
    architecture = _assess(git_repo, files)
    items = {s.name: s for s in architecture.stack}
    assert name in items, sorted(items)
    assert {e.kind for e in items[name].evidence} == kinds
    for evidence in items[name].evidence:
        path = evidence.location.rsplit(":", 1)[0]
        assert path in files, evidence


def test_kubernetes_images_count_as_stack_evidence(git_repo):
    architecture = _assess(git_repo, ITEMS["Kubernetes manifests"][0])
    redis = next(s for s in architecture.stack if s.name == "Redis")
    assert [(e.kind, e.location) for e in redis.evidence] == [("config", "deploy/app.yaml:7")]
    k8s = next(s for s in architecture.stack if s.name == "Kubernetes manifests")
    assert {e.detail for e in k8s.evidence} == {"Deployment", "Service"}


def test_passwords_in_urls_are_masked():
    assert mask("amqp://guest:s3cret@rabbit:5672//") == "amqp://guest:***@rabbit:5672//"
    assert mask("redis://cache:6379/0") == "redis://cache:6379/0"


def _layers(git_repo, files):
    return {layer.layer: layer.status for layer in _assess(git_repo, files).layers}


def test_article_target_architecture_is_present(git_repo):
    status = _layers(
        git_repo,
        {
            "web/views.py": "from django.http import HttpResponse\n",
            "ai/main.py": "from fastapi import FastAPI\nimport anthropic\n",
            "web/tasks.py": "from celery import shared_task\n",
            SETTINGS: "BROKER = 'redis://redis:6379/0'\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n",
        },
    )
    assert status == {
        "core system": "present",
        "AI services": "present",
        "communication": "present",
        "data": "present",
    }


def test_a_monolith_on_sqlite_is_partial_and_missing(git_repo):
    status = _layers(
        git_repo,
        {
            "app.py": "from flask import Flask\nimport sqlite3\nfrom sklearn import svm\n",
            "requirements.txt": "flask\ncelery\n",
        },
    )
    # Flask is imported: core present; scikit-learn without an async service: partial;
    # Celery declared without a broker: partial; SQLite only: partial
    assert status == {
        "core system": "present",
        "AI services": "partial",
        "communication": "partial",
        "data": "partial",
    }


def test_nothing_found_is_missing(git_repo):
    status = _layers(git_repo, {"tool.py": "import json\n"})
    assert set(status.values()) == {"missing"}
