"""Reference server: Debian's python3-xgboost behind gunicorn, serving the way the SageMaker XGBoost
container does (Flask app, /ping and /invocations, text/csv rows -> DMatrix -> predict -> CSV)."""
import io
import os

import numpy as np
import xgboost as xgb
from flask import Flask, Response, request

booster = xgb.Booster(params={"nthread": 1}, model_file=os.environ["MODEL_FILE"])
app = Flask(__name__)


@app.route("/ping", methods=["GET"])
def ping():
    return Response("", status=200)


@app.route("/invocations", methods=["POST"])
def invocations():
    if request.content_type is None or not request.content_type.startswith("text/csv"):
        return Response("unsupported content type", status=415)
    rows = np.loadtxt(io.StringIO(request.get_data(as_text=True)), delimiter=",", ndmin=2, dtype=np.float32)
    scores = booster.predict(xgb.DMatrix(rows), validate_features=False)
    if scores.ndim == 2:  # multi:softprob: one line of class probabilities per row, as the SageMaker container
        return Response("\n".join(",".join(repr(float(p)) for p in row) for row in scores) + "\n", mimetype="text/csv")
    return Response("\n".join(repr(float(s)) for s in scores) + "\n", mimetype="text/csv")
