{{/*
Names and labels shared by every template of the chart.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "pack.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of every object: fullnameOverride, else the release name when it already holds
the chart name, else "<release>-<chart>". Kubernetes names stop at 63 characters.
*/}}
{{- define "pack.fullname" -}}
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

{{/* "chart-version", as the helm.sh/chart label. */}}
{{- define "pack.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "pack.labels" -}}
helm.sh/chart: {{ include "pack.chart" . }}
{{ include "pack.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the pods: they never change between releases. */}}
{{- define "pack.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pack.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The image, "<repository>:<tag>"; an empty tag means v<appVersion>, the pack's release tag. */}}
{{- define "pack.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default (printf "v%s" .Chart.AppVersion)) }}
{{- end }}

{{/* The env.secrets keys, as a list. */}}
{{- define "pack.secretKeys" -}}
{{- $keys := list }}
{{- range .Values.env.secrets }}{{ $keys = append $keys .key }}{{ end }}
{{- toJson $keys }}
{{- end }}
