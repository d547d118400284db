handbookSearchLoaded("terms/sq",{"sql":[6,50,8,3,15,3,16,3,17,3,18,3]});
