"""PostgreSQL major releases 14-17: the setting (GUC) names each accepts, the compiled defaults that differ.

Source of truth: the reference release's names are `SELECT name FROM pg_settings` of Debian 12's PostgreSQL
15.20 (every name the server knows, developer and read-only ones included); the other releases are that list
with the names each release notes' "Migration" and "Server Configuration" sections add or remove. Names with a
dot (`pg_stat_statements.max`, `myapp.flag`) are extension or custom settings, which the server accepts in the
files, so they are never "unknown". A cluster whose major version is not in the table is judged by the
reference (Debian 12's PostgreSQL 15) and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Debian 12 (bookworm) ships PostgreSQL 15: the release judged when a cluster's version is not known.
REFERENCE_MAJOR = 15

_NAMES_15 = """
    datestyle intervalstyle timezone allow_in_place_tablespaces allow_system_table_mods application_name
    archive_cleanup_command archive_command archive_library archive_mode archive_timeout array_nulls
    authentication_timeout autovacuum autovacuum_analyze_scale_factor autovacuum_analyze_threshold
    autovacuum_freeze_max_age autovacuum_max_workers autovacuum_multixact_freeze_max_age autovacuum_naptime
    autovacuum_vacuum_cost_delay autovacuum_vacuum_cost_limit autovacuum_vacuum_insert_scale_factor
    autovacuum_vacuum_insert_threshold autovacuum_vacuum_scale_factor autovacuum_vacuum_threshold
    autovacuum_work_mem backend_flush_after backslash_quote backtrace_functions bgwriter_delay
    bgwriter_flush_after bgwriter_lru_maxpages bgwriter_lru_multiplier block_size bonjour bonjour_name
    bytea_output check_function_bodies checkpoint_completion_target checkpoint_flush_after
    checkpoint_timeout checkpoint_warning client_connection_check_interval client_encoding
    client_min_messages cluster_name commit_delay commit_siblings composite_type_mismatch compute_query_id
    config_file constraint_exclusion cpu_index_tuple_cost cpu_operator_cost cpu_tuple_cost
    cursor_tuple_fraction data_checksums data_directory data_directory_mode data_sync_retry
    db_user_namespace deadlock_timeout debug_assertions debug_discard_caches debug_pretty_print
    debug_print_parse debug_print_plan debug_print_rewritten default_statistics_target
    default_table_access_method default_tablespace default_text_search_config default_toast_compression
    default_transaction_deferrable default_transaction_isolation default_transaction_read_only
    dynamic_library_path dynamic_shared_memory_type effective_cache_size effective_io_concurrency
    enable_async_append enable_bitmapscan enable_gathermerge enable_hashagg enable_hashjoin
    enable_incremental_sort enable_indexonlyscan enable_indexscan enable_material enable_memoize
    enable_mergejoin enable_nestloop enable_parallel_append enable_parallel_hash enable_partition_pruning
    enable_partitionwise_aggregate enable_partitionwise_join enable_seqscan enable_sort enable_tidscan
    escape_string_warning event_source exit_on_error extension_destdir external_pid_file extra_float_digits
    force_parallel_mode from_collapse_limit fsync full_page_writes geqo geqo_effort geqo_generations
    geqo_pool_size geqo_seed geqo_selection_bias geqo_threshold gin_fuzzy_search_limit
    gin_pending_list_limit hash_mem_multiplier hba_file hot_standby hot_standby_feedback huge_page_size
    huge_pages ident_file idle_in_transaction_session_timeout idle_session_timeout ignore_checksum_failure
    ignore_invalid_pages ignore_system_indexes in_hot_standby integer_datetimes is_superuser jit
    jit_above_cost jit_debugging_support jit_dump_bitcode jit_expressions jit_inline_above_cost
    jit_optimize_above_cost jit_profiling_support jit_provider jit_tuple_deforming join_collapse_limit
    krb_caseins_users krb_server_keyfile lc_collate lc_ctype lc_messages lc_monetary lc_numeric lc_time
    listen_addresses lo_compat_privileges local_preload_libraries lock_timeout log_autovacuum_min_duration
    log_checkpoints log_connections log_destination log_directory log_disconnections log_duration
    log_error_verbosity log_executor_stats log_file_mode log_filename log_hostname log_line_prefix
    log_lock_waits log_min_duration_sample log_min_duration_statement log_min_error_statement
    log_min_messages log_parameter_max_length log_parameter_max_length_on_error log_parser_stats
    log_planner_stats log_recovery_conflict_waits log_replication_commands log_rotation_age
    log_rotation_size log_startup_progress_interval log_statement log_statement_sample_rate
    log_statement_stats log_temp_files log_timezone log_transaction_sample_rate log_truncate_on_rotation
    logging_collector logical_decoding_work_mem maintenance_io_concurrency maintenance_work_mem
    max_connections max_files_per_process max_function_args max_identifier_length max_index_keys
    max_locks_per_transaction max_logical_replication_workers max_parallel_maintenance_workers
    max_parallel_workers max_parallel_workers_per_gather max_pred_locks_per_page max_pred_locks_per_relation
    max_pred_locks_per_transaction max_prepared_transactions max_replication_slots max_slot_wal_keep_size
    max_stack_depth max_standby_archive_delay max_standby_streaming_delay max_sync_workers_per_subscription
    max_wal_senders max_wal_size max_worker_processes min_dynamic_shared_memory min_parallel_index_scan_size
    min_parallel_table_scan_size min_wal_size old_snapshot_threshold output_plugin_libraries
    parallel_leader_participation parallel_setup_cost parallel_tuple_cost password_encryption
    plan_cache_mode port post_auth_delay pre_auth_delay primary_conninfo primary_slot_name
    promote_trigger_file quote_all_identifiers random_page_cost recovery_end_command
    recovery_init_sync_method recovery_min_apply_delay recovery_prefetch recovery_target
    recovery_target_action recovery_target_inclusive recovery_target_lsn recovery_target_name
    recovery_target_time recovery_target_timeline recovery_target_xid recursive_worktable_factor
    remove_temp_files_after_crash restart_after_crash restore_command restrict_nonsystem_relation_kind role
    row_security search_path segment_size seq_page_cost server_encoding server_version server_version_num
    session_authorization session_preload_libraries session_replication_role shared_buffers
    shared_memory_size shared_memory_size_in_huge_pages shared_memory_type shared_preload_libraries ssl
    ssl_ca_file ssl_cert_file ssl_ciphers ssl_crl_dir ssl_crl_file ssl_dh_params_file ssl_ecdh_curve
    ssl_key_file ssl_library ssl_max_protocol_version ssl_min_protocol_version ssl_passphrase_command
    ssl_passphrase_command_supports_reload ssl_prefer_server_ciphers standard_conforming_strings
    statement_timeout stats_fetch_consistency superuser_reserved_connections synchronize_seqscans
    synchronous_commit synchronous_standby_names syslog_facility syslog_ident syslog_sequence_numbers
    syslog_split_messages tcp_keepalives_count tcp_keepalives_idle tcp_keepalives_interval tcp_user_timeout
    temp_buffers temp_file_limit temp_tablespaces timezone_abbreviations trace_notify
    trace_recovery_messages trace_sort track_activities track_activity_query_size track_commit_timestamp
    track_counts track_functions track_io_timing track_wal_io_timing transaction_deferrable
    transaction_isolation transaction_read_only transform_null_equals unix_socket_directories
    unix_socket_group unix_socket_permissions update_process_title vacuum_cost_delay vacuum_cost_limit
    vacuum_cost_page_dirty vacuum_cost_page_hit vacuum_cost_page_miss vacuum_defer_cleanup_age
    vacuum_failsafe_age vacuum_freeze_min_age vacuum_freeze_table_age vacuum_multixact_failsafe_age
    vacuum_multixact_freeze_min_age vacuum_multixact_freeze_table_age wal_block_size wal_buffers
    wal_compression wal_consistency_checking wal_decode_buffer_size wal_init_zero wal_keep_size wal_level
    wal_log_hints wal_receiver_create_temp_slot wal_receiver_status_interval wal_receiver_timeout
    wal_recycle wal_retrieve_retry_interval wal_segment_size wal_sender_timeout wal_skip_threshold
    wal_sync_method wal_writer_delay wal_writer_flush_after work_mem xmlbinary xmloption zero_damaged_pages
"""

#: Every setting name PostgreSQL 15 accepts (pg_settings of 15.20, plus the never-shown role settings).
NAMES_15: frozenset[str] = frozenset(_NAMES_15.split())


@dataclass(frozen=True, slots=True)
class PgRelease:
    """One major release: its names as a difference from the reference, and defaults that differ from 15's."""

    major: int
    added: frozenset[str] = frozenset()  # names this release knows that 15 does not
    removed: frozenset[str] = frozenset()  # names of 15 this release refuses
    defaults: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    shipped_by: tuple[str, ...] = ()  # distributions whose main archive ships it

    @property
    def names(self) -> frozenset[str]:
        return (NAMES_15 - self.removed) | self.added


_ADDED_IN_15 = frozenset(
    {
        "archive_library", "log_startup_progress_interval", "recovery_prefetch", "wal_decode_buffer_size",
        "recursive_worktable_factor", "shared_memory_size", "shared_memory_size_in_huge_pages",
        "stats_fetch_consistency",
    }
)  # fmt: skip
_ADDED_IN_16 = frozenset(
    {
        "createrole_self_grant", "debug_io_direct", "debug_logical_replication_streaming",
        "debug_parallel_query", "enable_presorted_aggregate", "gss_accept_delegation", "icu_validation_level",
        "max_parallel_apply_workers_per_subscription", "reserved_connections", "scram_iterations",
        "send_abort_for_crash", "send_abort_for_kill", "vacuum_buffer_usage_limit",
    }
)  # fmt: skip
_REMOVED_IN_16 = frozenset(
    {"force_parallel_mode", "lc_collate", "lc_ctype", "promote_trigger_file", "vacuum_defer_cleanup_age"}
)
_ADDED_IN_17 = frozenset(
    {
        "allow_alter_system", "commit_timestamp_buffers", "enable_group_by_reordering", "event_triggers",
        "huge_pages_status", "io_combine_limit", "max_notify_queue_pages", "multixact_member_buffers",
        "multixact_offset_buffers", "notify_buffers", "serializable_buffers", "subtransaction_buffers",
        "summarize_wal", "sync_replication_slots", "synchronized_standby_slots",
        "trace_connection_negotiation",
        "transaction_buffers", "transaction_timeout", "wal_summary_keep_time",
        "file_extend_method",  # a later 17 minor release's (Debian 13's postgresql.conf.sample names it)
    }
)  # fmt: skip
_REMOVED_IN_17 = frozenset({"db_user_namespace", "old_snapshot_threshold", "trace_recovery_messages"})

RELEASES: Mapping[int, PgRelease] = MappingProxyType(
    {
        14: PgRelease(
            14, added=frozenset({"stats_temp_directory"}), removed=_ADDED_IN_15, shipped_by=("Ubuntu 22.04",)
        ),
        15: PgRelease(15, shipped_by=("Debian 12",)),
        16: PgRelease(16, added=_ADDED_IN_16, removed=_REMOVED_IN_16, shipped_by=("Ubuntu 24.04",)),
        17: PgRelease(
            17,
            added=_ADDED_IN_16 | _ADDED_IN_17,
            removed=_REMOVED_IN_16 | _REMOVED_IN_17,
            shipped_by=("Debian 13",),
        ),
    }
)


def major_of(version: str) -> int | None:
    """`15` -> 15, `9.6` -> 9, anything else None."""
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def release_for(version: str) -> PgRelease | None:
    """The release of a cluster's version text, None when the table does not know it."""
    major = major_of(version)
    return RELEASES.get(major) if major is not None else None


def is_known_name(name: str, version: str) -> bool | None:
    """Whether the release of `version` accepts the (lower-case) setting `name` in its files; None when the
    release is not in the table (its names cannot be checked). A dotted name is an extension's or custom."""
    if "." in name:
        return True
    release = release_for(version)
    return None if release is None else name in release.names
