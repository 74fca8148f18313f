-- Users whose password hash Weir keeps itself (the admin); other users come from configuration.
CREATE TABLE weir_user (
    username      VARCHAR(100) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
