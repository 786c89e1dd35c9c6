-- regionmap's corpus in PostgreSQL/PostGIS: the users' articles, links, events and actors,
-- and the curated places, articles and links that spatial questions also cover.
CREATE EXTENSION IF NOT EXISTS postgis;

-- one row, bumped by every write transaction: version() is one tiny SELECT; the row lock also
-- serialises writers, so choosing a free article id cannot race
CREATE TABLE store_version (
    id integer PRIMARY KEY CHECK (id = 1),
    token bigint NOT NULL
);
-- start from the clock so a recreated database never repeats an old database's versions
INSERT INTO store_version VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);

-- ids sort by code point (COLLATE "C"), as Python sorts the file store's names
CREATE TABLE articles (
    id text COLLATE "C" PRIMARY KEY,
    title text NOT NULL,
    title_key text NOT NULL UNIQUE,
    published date,
    meta jsonb NOT NULL,
    text text NOT NULL,
    origin text NOT NULL DEFAULT 'user' CHECK (origin = 'user')
);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE links (
    article text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position integer NOT NULL,
    feature text NOT NULL,
    kind text NOT NULL,
    quote text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    PRIMARY KEY (article, position)
);
CREATE INDEX links_feature ON links (feature);

-- the undecided mentions of an article, a JSON list kept in order (no row when there are none)
CREATE TABLE reviews (
    article text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    review jsonb NOT NULL
);

CREATE TABLE events (
    article text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    record jsonb NOT NULL
);

CREATE TABLE actors (
    id integer PRIMARY KEY CHECK (id = 1),
    record jsonb NOT NULL
);

-- curated features and every gazetteer entry, replaced as a whole by import_curated
CREATE TABLE places (
    id text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    layer text NOT NULL,
    curated boolean NOT NULL,
    geom geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX places_geom ON places USING gist (geom);
CREATE INDEX places_geog ON places USING gist ((geom::geography));

-- the curated articles and links (data/), kept apart from the users' so titles and ids never clash
CREATE TABLE curated_articles (
    id text COLLATE "C" PRIMARY KEY,
    title text NOT NULL,
    published date NOT NULL
);

CREATE TABLE curated_links (
    article text COLLATE "C" NOT NULL REFERENCES curated_articles (id) ON DELETE CASCADE,
    position integer NOT NULL,
    feature text NOT NULL,
    kind text NOT NULL,
    quote text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    PRIMARY KEY (article, position)
);
CREATE INDEX curated_links_feature ON curated_links (feature);
