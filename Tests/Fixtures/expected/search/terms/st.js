handbookSearchLoaded("terms/st",{"start":[0,4],"step":[15,51,16,51,17,51,18,51],"steps":[2,3,3,3]});
