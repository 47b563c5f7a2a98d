/* filled by the flowchart/search work */
