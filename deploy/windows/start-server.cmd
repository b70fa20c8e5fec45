@echo off
rem Lang So server for Task Scheduler ("LangSo Server", written by install.ps1):
rem start-server.cmd DATA_DIR PORT. Runs run_kiosk.py and starts it again whenever it exits.
setlocal
set "APP=%~dp0..\.."
set "DATA=%~1"
set "PORT=%~2"
if "%PORT%"=="" set "PORT=8080"
rem Output is redirected to a file: without UTF-8 mode Python would fail on Vietnamese text.
set "PYTHONUTF8=1"
set "PYTHONUNBUFFERED=1"
if not exist "%DATA%" mkdir "%DATA%"
:loop
rem Keep one older log; start a new one past 5 MB.
for %%F in ("%DATA%\server.log") do if %%~zF GTR 5000000 move /y "%DATA%\server.log" "%DATA%\server.log.1" >nul
"%APP%\.venv\Scripts\python.exe" "%APP%\run_kiosk.py" --host 0.0.0.0 --port %PORT% --data "%DATA%" >> "%DATA%\server.log" 2>&1
rem No console under Task Scheduler, so no "timeout": wait about 5 s with ping.
ping -n 6 127.0.0.1 >nul
goto loop
