handbookSearchLoaded("terms/le",{"lead":[11,51,3,10,7,8,2,6,8,3],"leadership":[2,6],"left":[2,3,3,3]});
