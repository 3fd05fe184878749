export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date in ISO 8601 form, YYYY-MM-DD. */
  Date: { input: string; output: string; }
};

/** A country. */
export type Country = {
  __typename?: 'Country';
  /** ISO 3166-1 alpha-2 code, e.g. TD. */
  code: Scalars['String']['output'];
  /** English short name, e.g. Chad. */
  name: Scalars['String']['output'];
};

/** The dataset the server answers from. */
export type DatasetInfo = {
  __typename?: 'DatasetInfo';
  /**
   * The day the dataset's facts were last known true. An ongoing term is CERTAINLY
   * serving only up to this day.
   */
  asOf: Scalars['Date']['output'];
  /**
   * The last attempt to reload the dataset (on SIGHUP or, with `--watch`, when its
   * files change), successful or not; null until one was made. A failed attempt
   * leaves this dataset served and lists its problems here.
   */
  lastReload?: Maybe<ReloadAttempt>;
  /**
   * When the server loaded this dataset: an RFC 3339 timestamp in UTC, e.g.
   * `2026-11-28T14:00:00Z`. Null only when the schema runs outside the server.
   */
  loadedAt?: Maybe<Scalars['String']['output']>;
  /** How many offices the dataset describes. */
  officeCount: Scalars['Int']['output'];
  /** How many people it lists. */
  secretaryCount: Scalars['Int']['output'];
  /** Every source the dataset cites. */
  sources: Array<Source>;
  /** How many terms it lists. */
  termCount: Scalars['Int']['output'];
  /** A hash of the dataset's files: it changes exactly when the data does. */
  version: Scalars['String']['output'];
};

/** How terms whose dates are only partly known are matched against a day or a range. */
export type DateMatch =
  /**
   * The term surely covered at least one day of the range. An ongoing term is certain
   * only up to the dataset's `asOf` day.
   */
  | 'CERTAINLY'
  /** The term may have covered at least one day of the range, given its dates' precision. */
  | 'POSSIBLY';

/** How precisely a date is known. */
export type DatePrecision =
  /** The exact day is known: 31 December 2004. */
  | 'DAY'
  /** The year and month are known: March 1971. */
  | 'MONTH'
  /** Only the year is known: 1971. */
  | 'YEAR';

/** An inclusive range of days. A missing bound leaves that side open. */
export type DateRange = {
  /** The first day of the range, included; omit it for no lower bound. */
  from?: InputMaybe<Scalars['Date']['input']>;
  /** The last day of the range, included; omit it for no upper bound. */
  to?: InputMaybe<Scalars['Date']['input']>;
};

/** An image that stands for the office, as the source names it. */
export type Flag = {
  __typename?: 'Flag';
  /** The image's caption. */
  caption?: Maybe<Scalars['String']['output']>;
  /** The image's file name in the source, e.g. OIC_Logo_since_2011.svg. */
  file: Scalars['String']['output'];
};

/** A name or text in another language. */
export type LocalizedText = {
  __typename?: 'LocalizedText';
  /** BCP 47 language tag, e.g. ar, fr. */
  language: Scalars['String']['output'];
  /** The text in that language. */
  text: Scalars['String']['output'];
};

/** An object with a stable global ID that `Query.node` can fetch back. */
export type Node = {
  /** Global ID: pass it to `Query.node` to fetch this object again. */
  id: Scalars['ID']['output'];
};

/** An office and the people who held it. */
export type Office = Node & {
  __typename?: 'Office';
  /** Its abbreviation, e.g. SGOIC. */
  abbreviation?: Maybe<Scalars['String']['output']>;
  /** Who appoints a holder. */
  appointer?: Maybe<Scalars['String']['output']>;
  /** The department it heads or belongs to. */
  department?: Maybe<Scalars['String']['output']>;
  /** The holder's deputy. */
  deputy?: Maybe<Scalars['String']['output']>;
  /** What the office is. */
  description?: Maybe<Scalars['String']['output']>;
  /** The first term of the office. */
  firstHolder?: Maybe<Term>;
  /** The image that stands for the office. */
  flag?: Maybe<Flag>;
  /** Each person who held the office during the range, once, in order of their first such term. */
  holders: Array<Secretary>;
  /** Global ID: pass it to `Query.node` to fetch this object again. */
  id: Scalars['ID']['output'];
  /** The ongoing term, if the office is held now. */
  incumbent?: Maybe<Term>;
  /** The day the incumbent took office, as the source gives it. */
  incumbentSince?: Maybe<PartialDate>;
  /** Its name in other languages. */
  localizedNames: Array<LocalizedText>;
  /** The body the office is a member of. */
  memberOf?: Maybe<Scalars['String']['output']>;
  /** Its full name in English. */
  name: Scalars['String']['output'];
  /** Who nominates a holder. */
  nominator?: Maybe<Scalars['String']['output']>;
  /** How the dataset settled problems in its sources about this office. */
  notes: Array<Scalars['String']['output']>;
  /** The organization the office belongs to. */
  organization: Organization;
  /** The post's title, e.g. Secretary General. */
  postTitle?: Maybe<Scalars['String']['output']>;
  /** Its powers and duties, in the source's order. */
  powers: Array<Power>;
  /** What came before the office. */
  precursor?: Maybe<Scalars['String']['output']>;
  /** Offices the sources relate this one to, by name. */
  relatedOffices: Array<RelatedOffice>;
  /** Human key, e.g. oic-secretary-general. */
  slug: Scalars['String']['output'];
  /** Where the office's facts come from. */
  sources: Array<Source>;
  /** How a holder is addressed, e.g. His Excellency. */
  style?: Maybe<Scalars['String']['output']>;
  /** How long a term lasts. */
  termLength?: Maybe<TermLength>;
  /** Terms in order of their ordinal; with `during`, only those that match it. */
  terms: TermConnection;
};


/** An office and the people who held it. */
export type OfficeHoldersArgs = {
  during?: InputMaybe<DateRange>;
  match?: InputMaybe<DateMatch>;
};


/** An office and the people who held it. */
export type OfficeTermsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  during?: InputMaybe<DateRange>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  match?: InputMaybe<DateMatch>;
};

/** An organization that has offices. */
export type Organization = Node & {
  __typename?: 'Organization';
  /** Its abbreviation, e.g. OIC. */
  abbreviation?: Maybe<Scalars['String']['output']>;
  /** Global ID: pass it to `Query.node` to fetch this object again. */
  id: Scalars['ID']['output'];
  /** Its name in other languages. */
  localizedNames: Array<LocalizedText>;
  /** How many states are members. */
  memberStateCount?: Maybe<Scalars['Int']['output']>;
  /** Its name in English. */
  name: Scalars['String']['output'];
  /** Its offices described by this dataset, by slug. */
  offices: Array<Office>;
  /** Human key, e.g. oic. */
  slug: Scalars['String']['output'];
  /** Where the organization's facts come from. */
  sources: Array<Source>;
};

/** Information about pagination in a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last item of the page; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether more items come before this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of the first item of the page; null when the page is empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/**
 * A date known only to some precision, as the sources give it: "1971" is a YEAR,
 * "31 December 2004" a DAY.
 */
export type PartialDate = {
  __typename?: 'PartialDate';
  /** First day the date can denote: 1971 -> 1971-01-01. */
  earliest: Scalars['Date']['output'];
  /** ISO 8601 at its own precision: 1971, 1971-03 or 2004-12-31. */
  iso: Scalars['String']['output'];
  /** Last day the date can denote: 1971 -> 1971-12-31. */
  latest: Scalars['Date']['output'];
  /** How precisely the date is known. */
  precision: DatePrecision;
  /** English, as a person writes it: 1971, March 1971, 31 December 2004. */
  text: Scalars['String']['output'];
};

/** One of the office's powers and duties. */
export type Power = {
  __typename?: 'Power';
  /** What the source says of it. */
  description: Scalars['String']['output'];
  /** A short name for the power. */
  title: Scalars['String']['output'];
};

/** The entry points of the API. */
export type Query = {
  __typename?: 'Query';
  /**
   * What this dataset is: its version, the day its facts were last known true, and
   * its sources.
   */
  dataset: DatasetInfo;
  /** Fetches any object by the global `id` the API handed out. */
  node?: Maybe<Node>;
  /** The office with this slug, or null. */
  office?: Maybe<Office>;
  /** Every office, by slug. */
  offices: Array<Office>;
  /** The organization with this slug, or null. */
  organization?: Maybe<Organization>;
  /** Every organization, by slug. */
  organizations: Array<Organization>;
  /**
   * People, in order of their first term. `search` matches any part of the name,
   * ignoring case and diacritics (ihsanoglu finds İhsanoğlu); `country` is an ISO code.
   */
  secretaries: SecretaryConnection;
  /** The person with this slug, or null. */
  secretary?: Maybe<Secretary>;
  /**
   * The terms, of any office, that covered the given day, by start, then office slug,
   * then ordinal.
   */
  servingOn: Array<Term>;
  /**
   * Terms of every office (or of the office with slug `office`) that match `during`,
   * by start, then office slug, then ordinal.
   */
  terms: TermConnection;
};


/** The entry points of the API. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** The entry points of the API. */
export type QueryOfficeArgs = {
  slug: Scalars['String']['input'];
};


/** The entry points of the API. */
export type QueryOrganizationArgs = {
  slug: Scalars['String']['input'];
};


/** The entry points of the API. */
export type QuerySecretariesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  country?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


/** The entry points of the API. */
export type QuerySecretaryArgs = {
  slug: Scalars['String']['input'];
};


/** The entry points of the API. */
export type QueryServingOnArgs = {
  date: Scalars['Date']['input'];
  match?: InputMaybe<DateMatch>;
};


/** The entry points of the API. */
export type QueryTermsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  during?: InputMaybe<DateRange>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  match?: InputMaybe<DateMatch>;
  office?: InputMaybe<Scalars['String']['input']>;
};

/** An office named in the sources but not described by this dataset. */
export type RelatedOffice = {
  __typename?: 'RelatedOffice';
  /** The office's name as the source gives it. */
  name: Scalars['String']['output'];
};

/**
 * One attempt to reload the dataset: a new dataset is served only when it passes
 * every check; otherwise the previous one stays.
 */
export type ReloadAttempt = {
  __typename?: 'ReloadAttempt';
  /** When the attempt ended: an RFC 3339 timestamp in UTC. */
  at: Scalars['String']['output'];
  /**
   * Every problem that kept the new dataset from being served, each with its file
   * and place; empty on success.
   */
  problems: Array<Scalars['String']['output']>;
  /** Whether the new dataset passed its checks and is now served. */
  succeeded: Scalars['Boolean']['output'];
  /**
   * The version served after the attempt: the new one on success, the previous
   * one on failure.
   */
  version?: Maybe<Scalars['String']['output']>;
};

/** A person who has held an office. */
export type Secretary = Node & {
  __typename?: 'Secretary';
  /** Country of origin. */
  country?: Maybe<Country>;
  /** Global ID: pass it to `Query.node` to fetch this object again. */
  id: Scalars['ID']['output'];
  /** Name as the sources write it. */
  name: Scalars['String']['output'];
  /** Human key: the name folded to lowercase ASCII, e.g. ekmeleddin-ihsanoglu. */
  slug: Scalars['String']['output'];
  /** Where the person's country of origin comes from. */
  sources: Array<Source>;
  /** Their terms of every office, by start. */
  terms: Array<Term>;
};

/** A page of people, with the total number of matches. */
export type SecretaryConnection = {
  __typename?: 'SecretaryConnection';
  /** The people of this page, each with its cursor. */
  edges: Array<SecretaryEdge>;
  /** The people of this page. */
  nodes: Array<Secretary>;
  /** Where this page lies among all matches. */
  pageInfo: PageInfo;
  /** How many people match, on every page together. */
  totalCount: Scalars['Int']['output'];
};

/** A person and their cursor. */
export type SecretaryEdge = {
  __typename?: 'SecretaryEdge';
  /** Pass it as `after` or `before` to page from this person. */
  cursor: Scalars['String']['output'];
  /** The person. */
  node: Secretary;
};

/** A work that facts of this dataset are taken from. */
export type Source = {
  __typename?: 'Source';
  /** The key the dataset cites it by, e.g. seed. */
  key: Scalars['String']['output'];
  /** What it gives, or how the dataset used it. */
  note?: Maybe<Scalars['String']['output']>;
  /** Who published it. */
  publisher?: Maybe<Scalars['String']['output']>;
  /** Its title. */
  title: Scalars['String']['output'];
  /** Where it can be read, when known. */
  url?: Maybe<Scalars['String']['output']>;
};

/** One continuous tenure of one person in one office. */
export type Term = Node & {
  __typename?: 'Term';
  /** When the term ended, at the precision the source gives. Null while the term is ongoing. */
  end?: Maybe<PartialDate>;
  /** Global ID: pass it to `Query.node` to fetch this object again. */
  id: Scalars['ID']['output'];
  /** Whether the term is ongoing: it has no end. */
  isCurrent: Scalars['Boolean']['output'];
  /** The office held. */
  office: Office;
  /** Position in the office's list of holders, from 1. */
  ordinal: Scalars['Int']['output'];
  /** The term before this one in the office's list. */
  predecessor?: Maybe<Term>;
  /** The person who held it. */
  secretary: Secretary;
  /** Where the term's facts come from: its dates and holder, and its holder's country. */
  sources: Array<Source>;
  /** When the term began, at the precision the source gives. */
  start: PartialDate;
  /** The term after this one in the office's list. */
  successor?: Maybe<Term>;
};

/** A page of terms, with the total number of matches. */
export type TermConnection = {
  __typename?: 'TermConnection';
  /** The terms of this page, each with its cursor. */
  edges: Array<TermEdge>;
  /** The terms of this page. */
  nodes: Array<Term>;
  /** Where this page lies among all matches. */
  pageInfo: PageInfo;
  /** How many terms match, on every page together. */
  totalCount: Scalars['Int']['output'];
};

/** A term and its cursor. */
export type TermEdge = {
  __typename?: 'TermEdge';
  /** Pass it as `after` or `before` to page from this term. */
  cursor: Scalars['String']['output'];
  /** The term. */
  node: Term;
};

/** How long a term of the office lasts. */
export type TermLength = {
  __typename?: 'TermLength';
  /** Whether a holder may be elected or appointed again. */
  renewable: Scalars['Boolean']['output'];
  /** As the source words it: Five years, renewable. */
  text: Scalars['String']['output'];
  /** Years per term. */
  years: Scalars['Int']['output'];
};
