handbookSearchLoaded("terms/be",{"being":[9,3,10,3,22,2,19,1,20,1,23,1,24,1]});
