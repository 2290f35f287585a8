"""The unit-file directives systemd 249-257 knows in [Unit], [Service] and [Install] of a service unit.

Source of truth: the reference release's names are `systemd --dump-configuration-items` of Debian 12's
systemd 252 (the [Unit], [Service] and [Install] sections, deprecated spellings systemd still reads
included); the other releases are that list with the directives each release's NEWS adds (253 to 257) or
had not yet added (249 to 251). systemd warns "Unknown key name" and ignores such an assignment; keys starting
with `X-` and sections starting with `X-` are the administrator's own and never unknown. A version outside
249-257 is judged by the nearest release in the table; an unknown version by the reference, 252.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Debian 12 (bookworm) ships systemd 252: the release judged when the installed version is not known.
REFERENCE_VERSION = 252
FIRST, LAST = 249, 257

_UNIT_252 = """
    After AllowIsolate AssertACPower AssertArchitecture AssertCPUFeature AssertCPUPressure AssertCPUs
    AssertCapability AssertControlGroupController AssertCredential AssertDirectoryNotEmpty
    AssertEnvironment AssertFileIsExecutable AssertFileNotEmpty AssertFirstBoot AssertGroup AssertHost
    AssertIOPressure AssertKernelCommandLine AssertKernelVersion AssertMemory AssertMemoryPressure
    AssertNeedsUpdate AssertOSRelease AssertPathExists AssertPathExistsGlob AssertPathIsDirectory
    AssertPathIsEncrypted AssertPathIsMountPoint AssertPathIsReadWrite AssertPathIsSymbolicLink
    AssertSecurity AssertUser AssertVirtualization Before BindTo BindsTo CollectMode ConditionACPower
    ConditionArchitecture ConditionCPUFeature ConditionCPUPressure ConditionCPUs ConditionCapability
    ConditionControlGroupController ConditionCredential ConditionDirectoryNotEmpty ConditionEnvironment
    ConditionFileIsExecutable ConditionFileNotEmpty ConditionFirmware ConditionFirstBoot ConditionGroup
    ConditionHost ConditionIOPressure ConditionKernelCommandLine ConditionKernelVersion ConditionMemory
    ConditionMemoryPressure ConditionNeedsUpdate ConditionOSRelease ConditionPathExists
    ConditionPathExistsGlob ConditionPathIsDirectory ConditionPathIsEncrypted ConditionPathIsMountPoint
    ConditionPathIsReadWrite ConditionPathIsSymbolicLink ConditionSecurity ConditionUser
    ConditionVirtualization Conflicts DefaultDependencies Description Documentation FailureAction
    FailureActionExitStatus IgnoreOnIsolate JobRunningTimeoutSec JobTimeoutAction
    JobTimeoutRebootArgument JobTimeoutSec JoinsNamespaceOf OnFailure OnFailureIsolate OnFailureJobMode
    OnSuccess OnSuccessJobMode PartOf PropagateReloadFrom PropagateReloadTo PropagatesReloadTo
    PropagatesStopTo RebootArgument RefuseManualStart RefuseManualStop ReloadPropagatedFrom Requires
    RequiresMountsFor RequiresOverridable Requisite RequisiteOverridable SourcePath StartLimitAction
    StartLimitBurst StartLimitInterval StartLimitIntervalSec StopPropagatedFrom StopWhenUnneeded
    SuccessAction SuccessActionExitStatus Upholds Wants
"""
_SERVICE_252 = """
    AllowedCPUs AllowedMemoryNodes AmbientCapabilities AppArmorProfile BPFProgram BindPaths
    BindReadOnlyPaths BlockIOAccounting BlockIODeviceWeight BlockIOReadBandwidth BlockIOWeight
    BlockIOWriteBandwidth BusName CPUAccounting CPUAffinity CPUQuota CPUQuotaPeriodSec
    CPUSchedulingPolicy CPUSchedulingPriority CPUSchedulingResetOnFork CPUShares CPUWeight
    CacheDirectory CacheDirectoryMode CapabilityBoundingSet ConfigurationDirectory
    ConfigurationDirectoryMode CoredumpFilter DefaultMemoryLow DefaultMemoryMin Delegate DeviceAllow
    DevicePolicy DisableControllers DynamicUser Environment EnvironmentFile ExecCondition ExecPaths
    ExecReload ExecSearchPath ExecStart ExecStartPost ExecStartPre ExecStop ExecStopPost ExitType
    ExtensionDirectories ExtensionImages FailureAction FileDescriptorStoreMax FinalKillSignal Group
    GuessMainPID IOAccounting IODeviceLatencyTargetSec IODeviceWeight IOReadBandwidthMax IOReadIOPSMax
    IOSchedulingClass IOSchedulingPriority IOWeight IOWriteBandwidthMax IOWriteIOPSMax IPAccounting
    IPAddressAllow IPAddressDeny IPCNamespacePath IPEgressFilterPath IPIngressFilterPath IgnoreSIGPIPE
    InaccessibleDirectories InaccessiblePaths KeyringMode KillMode KillSignal LimitAS LimitCORE LimitCPU
    LimitDATA LimitFSIZE LimitLOCKS LimitMEMLOCK LimitMSGQUEUE LimitNICE LimitNOFILE LimitNPROC LimitRSS
    LimitRTPRIO LimitRTTIME LimitSIGPENDING LimitSTACK LoadCredential LoadCredentialEncrypted
    LockPersonality LogExtraFields LogLevelMax LogNamespace LogRateLimitBurst LogRateLimitIntervalSec
    LogsDirectory LogsDirectoryMode ManagedOOMMemoryPressure ManagedOOMMemoryPressureLimit
    ManagedOOMPreference ManagedOOMSwap MemoryAccounting MemoryDenyWriteExecute MemoryHigh MemoryLimit
    MemoryLow MemoryMax MemoryMin MemorySwapMax MountAPIVFS MountFlags MountImages NUMAMask NUMAPolicy
    NetworkNamespacePath Nice NoExecPaths NoNewPrivileges NonBlocking NotifyAccess OOMPolicy
    OOMScoreAdjust PAMName PIDFile PassEnvironment PermissionsStartOnly Personality PrivateDevices
    PrivateIPC PrivateMounts PrivateNetwork PrivateTmp PrivateUsers ProcSubset ProtectClock
    ProtectControlGroups ProtectHome ProtectHostname ProtectKernelLogs ProtectKernelModules
    ProtectKernelTunables ProtectProc ProtectSystem ReadOnlyDirectories ReadOnlyPaths
    ReadWriteDirectories ReadWritePaths RebootArgument RemainAfterExit RemoveIPC Restart
    RestartForceExitStatus RestartKillSignal RestartPreventExitStatus RestartSec RestrictAddressFamilies
    RestrictFileSystems RestrictNamespaces RestrictNetworkInterfaces RestrictRealtime RestrictSUIDSGID
    RootDirectory RootDirectoryStartOnly RootHash RootHashSignature RootImage RootImageOptions
    RootVerity RuntimeDirectory RuntimeDirectoryMode RuntimeDirectoryPreserve RuntimeMaxSec
    RuntimeRandomizedExtraSec SELinuxContext SecureBits SendSIGHUP SendSIGKILL SetCredential
    SetCredentialEncrypted Slice SmackProcessLabel SocketBindAllow SocketBindDeny Sockets StandardError
    StandardInput StandardInputData StandardInputText StandardOutput StartLimitAction StartLimitBurst
    StartLimitInterval StartupAllowedCPUs StartupAllowedMemoryNodes StartupBlockIOWeight
    StartupCPUShares StartupCPUWeight StartupIOWeight StateDirectory StateDirectoryMode
    SuccessExitStatus SupplementaryGroups SyslogFacility SyslogIdentifier SyslogLevel SyslogLevelPrefix
    SystemCallArchitectures SystemCallErrorNumber SystemCallFilter SystemCallLog TTYColumns TTYPath
    TTYReset TTYRows TTYVHangup TTYVTDisallocate TasksAccounting TasksMax TemporaryFileSystem
    TimeoutAbortSec TimeoutCleanSec TimeoutSec TimeoutStartFailureMode TimeoutStartSec
    TimeoutStopFailureMode TimeoutStopSec TimerSlackNSec Type UMask USBFunctionDescriptors
    USBFunctionStrings UnsetEnvironment User UtmpIdentifier UtmpMode WatchdogSec WatchdogSignal
    WorkingDirectory
"""
_INSTALL_252 = "Alias Also DefaultInstance RequiredBy WantedBy"

#: Every directive systemd 252 reads in each section of a service unit.
REFERENCE: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "Unit": frozenset(_UNIT_252.split()),
        "Service": frozenset(_SERVICE_252.split()),
        "Install": frozenset(_INSTALL_252.split()),
    }
)

#: Directives a release added after 252, by the release that added them (section, name).
ADDED_AFTER: Mapping[int, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        253: tuple(
            ("Service", name)
            for name in (
                "OpenFile", "ReloadSignal", "MemoryZSwapMax", "StartupMemoryLow", "StartupMemoryHigh",
                "StartupMemoryMax", "StartupMemorySwapMax", "StartupMemoryZSwapMax", "LogFilterPatterns",
            )
        ),
        254: tuple(
            ("Service", name)
            for name in (
                "RootImagePolicy", "MountImagePolicy", "ExtensionImagePolicy", "MemoryPressureWatch",
                "MemoryPressureThresholdSec", "ImportCredential", "RestartMode", "RestartSteps",
                "RestartMaxDelaySec", "MemoryKSM", "NFTSet", "DelegateSubgroup", "RootEphemeral",
                "FileDescriptorStorePreserve",
            )
        ),
        255: (
            ("Unit", "SurviveFinalKillSignal"), ("Service", "SetLoginEnvironment"),
            ("Service", "CoredumpReceive"),
        ),
        256: (("Unit", "WantsMountsFor"), ("Service", "MemoryZSwapWriteback")),
        257: (
            ("Service", "PrivatePIDs"),
            ("Service", "ManagedOOMMemoryPressureDurationSec"),
            ("Service", "BindLogSockets"),
            ("Unit", "ConditionKernelModuleLoaded"),
            ("Unit", "AssertKernelModuleLoaded"),
        ),
    }
)  # fmt: skip

#: Directives of 252 that a release before it did not know yet, by the release that added them.
ADDED_BY: Mapping[int, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        250: (
            ("Service", "ExitType"), ("Service", "ExecSearchPath"), ("Service", "LoadCredentialEncrypted"),
            ("Service", "SetCredentialEncrypted"), ("Service", "RestrictNetworkInterfaces"),
            ("Unit", "ConditionMemoryPressure"), ("Unit", "ConditionCPUPressure"),
            ("Unit", "ConditionIOPressure"),
            ("Unit", "AssertMemoryPressure"), ("Unit", "AssertCPUPressure"), ("Unit", "AssertIOPressure"),
        ),
        251: (("Service", "ExtensionDirectories"),),
        252: (("Unit", "ConditionCredential"), ("Unit", "AssertCredential")),
    }
)  # fmt: skip


def judged_version(version: int | None) -> int:
    """The release whose directives apply: the installed one clamped to the table; None: the reference."""
    if version is None:
        return REFERENCE_VERSION
    return min(max(version, FIRST), LAST)


def known_directives(version: int | None, section: str) -> frozenset[str] | None:
    """The directives `section` accepts in that release, None for a section not checked here."""
    names = REFERENCE.get(section)
    if names is None:
        return None
    release = judged_version(version)
    later = {n for v, pairs in ADDED_AFTER.items() if v <= release for s, n in pairs if s == section}
    missing = {n for v, pairs in ADDED_BY.items() if v > release for s, n in pairs if s == section}
    return (names | later) - missing


def is_unknown(version: int | None, section: str, key: str) -> bool:
    """True when that release would warn "Unknown key name" for `key` in `section`."""
    if key.startswith("X-") or section.startswith("X-"):
        return False
    names = known_directives(version, section)
    return names is not None and key not in names
