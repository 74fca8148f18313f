{{/*
Chart name, truncated to the 63 characters Kubernetes names allow.
*/}}
{{- define "weir.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. Uses the release name alone when it already contains the chart name.
*/}}
{{- define "weir.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "weir.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "weir.labels" -}}
helm.sh/chart: {{ include "weir.chart" . }}
{{ include "weir.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | toString | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels (must not change between upgrades).
*/}}
{{- define "weir.selectorLabels" -}}
app.kubernetes.io/name: {{ include "weir.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Service account name.
*/}}
{{- define "weir.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "weir.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference.
*/}}
{{- define "weir.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}

{{/*
Resource names.
*/}}
{{- define "weir.configMapName" -}}
{{- printf "%s-config" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "weir.alertRulesConfigMapName" -}}
{{- printf "%s-alert-rules" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "weir.secretName" -}}
{{- include "weir.fullname" . }}
{{- end }}

{{- define "weir.pvcName" -}}
{{- if .Values.persistence.existingClaim }}
{{- .Values.persistence.existingClaim }}
{{- else }}
{{- printf "%s-data" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Key/value pairs of the chart's Secret (environment variable name -> value), as YAML.
Empty when there is nothing secret to store; the Secret is then not rendered.
*/}}
{{- define "weir.secretEnv" -}}
{{- $env := dict }}
{{- range $name, $value := .Values.extraSecretEnv }}
{{- $_ := set $env $name (toString $value) }}
{{- end }}
{{- if and .Values.admin.password (not .Values.admin.existingSecret) }}
{{- $_ := set $env "WEIR_ADMIN_PASSWORD" (toString .Values.admin.password) }}
{{- end }}
{{- if and .Values.database.password (not .Values.database.existingSecret) }}
{{- $_ := set $env "QUARKUS_DATASOURCE_PASSWORD" (toString .Values.database.password) }}
{{- end }}
{{- if $env }}
{{- toYaml $env }}
{{- end }}
{{- end }}

{{/*
The database kind in effect: the bundled PostgreSQL implies postgresql.
*/}}
{{- define "weir.databaseKind" -}}
{{- if .Values.postgresql.enabled }}postgresql{{ else }}{{ .Values.database.kind }}{{ end }}
{{- end }}

{{/*
"true" when the replicas elect a leader through PostgreSQL (WEIR_CLUSTER_ENABLED).
*/}}
{{- define "weir.clustered" -}}
{{- if or .Values.cluster.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{/*
"true" while the data directory holds data with a single writer (H2, the built-in broker): it then
gets the PersistentVolumeClaim and the Deployment the Recreate strategy.
*/}}
{{- define "weir.singleWriter" -}}
{{- if or (eq (include "weir.databaseKind" .) "h2") .Values.broker.enabled }}true{{ end }}
{{- end }}

{{- define "weir.persistentData" -}}
{{- if and .Values.persistence.enabled (include "weir.singleWriter" .) }}true{{ end }}
{{- end }}

{{/*
The bundled PostgreSQL: names and labels (its own app.kubernetes.io/name, so that neither Weir's
Service nor its ServiceMonitor selects it).
*/}}
{{- define "weir.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "weir.postgresql.selectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-postgresql" (include "weir.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "weir.postgresql.labels" -}}
helm.sh/chart: {{ include "weir.chart" . }}
{{ include "weir.postgresql.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.postgresql.image.tag | toString | trunc 63 | quote }}
app.kubernetes.io/component: database
app.kubernetes.io/part-of: {{ include "weir.name" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "weir.propertiesName" -}}
{{- printf "%s-properties" (include "weir.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
A properties-file value: backslashes and line breaks escaped.
*/}}
{{- define "weir.propertyValue" -}}
{{- toString . | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}

{{/*
Weir's named sections (sources, receivers, routes, inhibition rules) and settings as a properties
file. With secret=true only the credentials (a source's password and client properties, a
receiver's url and routing-key), otherwise everything else.
*/}}
{{- define "weir.properties" -}}
{{- $secret := .secret }}
{{- $sections := list (list "weir.sources" .Values.sources (list "password")) (list "weir.alerting.receivers" .Values.receivers (list "url" "routing-key")) (list "weir.alerting.routes" .Values.routes (list)) (list "weir.alerting.inhibit-rules" .Values.inhibitRules (list)) }}
{{- range $section := $sections }}
{{- $prefix := index $section 0 }}
{{- $secretKeys := index $section 2 }}
{{- range $name, $entry := (index $section 1) }}
{{- range $key, $value := $entry }}
{{- if kindIs "map" $value }}
{{- if $secret }}
{{- range $property, $propertyValue := $value }}
{{ printf "%s.%s.%s.\"%s\"" $prefix $name $key $property }}={{ include "weir.propertyValue" $propertyValue }}
{{- end }}
{{- end }}
{{- else if eq (has $key $secretKeys) $secret }}
{{ printf "%s.%s.%s" $prefix $name $key }}={{ include "weir.propertyValue" $value }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if not $secret }}
{{- range $key, $value := .Values.settings }}
{{ $key }}={{ include "weir.propertyValue" $value }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Checks values that would otherwise produce a broken release.
*/}}
{{- define "weir.validate" -}}
{{- if not (has .Values.database.kind (list "h2" "postgresql")) }}
{{- fail (printf "database.kind must be h2 or postgresql, got %q" (toString .Values.database.kind)) }}
{{- end }}
{{- if and (eq .Values.database.kind "postgresql") (not .Values.database.url) (not .Values.postgresql.enabled) }}
{{- fail "database.url is required when database.kind is postgresql (e.g. jdbc:postgresql://postgres:5432/weir), or set postgresql.enabled=true for the bundled PostgreSQL" }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) (ne (include "weir.databaseKind" .) "postgresql") }}
{{- fail "replicaCount > 1 needs PostgreSQL (database.kind=postgresql with database.url, or postgresql.enabled=true): H2 has a single writer" }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) .Values.broker.enabled }}
{{- fail "replicaCount > 1 needs broker.enabled=false: the built-in broker is single-node (its messages live in one pod's volume)" }}
{{- end }}
{{- if and .Values.cluster.enabled (ne (include "weir.databaseKind" .) "postgresql") }}
{{- fail "cluster.enabled needs PostgreSQL (database.kind=postgresql with database.url, or postgresql.enabled=true): the leader lease lives there" }}
{{- end }}
{{- range $name, $source := .Values.sources }}
{{- if not (and (kindIs "map" $source) $source.kind) }}
{{- fail (printf "sources.%s.kind is required (kafka, rabbitmq or builtin)" $name) }}
{{- end }}
{{- end }}
{{- range $name, $receiver := .Values.receivers }}
{{- if not (and (kindIs "map" $receiver) $receiver.type) }}
{{- fail (printf "receivers.%s.type is required (slack, pagerduty, webhook or alertmanager)" $name) }}
{{- end }}
{{- end }}
{{- end }}
