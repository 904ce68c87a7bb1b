-- Issue 13: the trusted upscale models. A recipe's upscale op runs a registry model only when it has a row here: the
-- SHA-256 an admin registered (POST /models), and that of its float16 variant when it has one. The registry folder's
-- <name>.json beside the model is not trusted: whoever writes the models volume could rewrite it with the file.
-- Planning copies the hash into every task, and the worker runs the file only when it has that hash.
CREATE TABLE models (
    name           text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    sha256         text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    fp16_sha256    text        CHECK (fp16_sha256 ~ '^[0-9a-f]{64}$'),
    registered_by  text        NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now()
);
